"""Regional coordination: the public-schema read model and the coordinators' pages."""
