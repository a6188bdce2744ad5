"""The search panel: the box, facets, hits and did-you-mean."""
