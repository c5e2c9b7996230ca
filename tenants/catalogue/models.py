"""Models of catalogue of providers."""
