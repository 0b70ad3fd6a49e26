"""Load: spec files, plan files and workbooks, offices tables and schedule phrases into the model, located."""
