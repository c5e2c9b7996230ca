"""Needs surveys of the analysis: questionnaires, public answering, results and exports."""
