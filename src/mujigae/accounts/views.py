"""Pages about people and their access (thin: parse, authorize, call a service)."""
