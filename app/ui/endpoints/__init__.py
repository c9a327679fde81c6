"""Remote endpoints and the local API server, in the GUI."""
