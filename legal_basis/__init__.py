"""The bundled legal-basis catalogue (data files only; see catalogue.yaml)."""
