"""The bundled DOCX templates and house styles (data files only)."""
