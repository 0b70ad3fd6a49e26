"""Write: files and package folders that appear whole or not at all, with portable names."""
