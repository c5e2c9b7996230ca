"""The municipality's own site: public home page and the staff start page (tenant app)."""
