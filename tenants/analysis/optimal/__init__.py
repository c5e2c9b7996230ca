"""The optimal network description (popis optimálnej siete / optimální sítě) of a plan."""
