"""The legal-basis catalogue and the Zona Integritas guidelines: instruments and their dates, as data."""
