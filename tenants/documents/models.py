"""Models of generated documents."""
