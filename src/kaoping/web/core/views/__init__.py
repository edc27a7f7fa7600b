"""Plain function views, one module per page family."""
