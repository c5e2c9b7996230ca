"""Needs analysis: demography by age band and the capacity gaps of the network of services."""
