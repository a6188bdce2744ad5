"""The library map: the whole library as a map of its concepts (VOSviewer's term map).

`build` weighs the concepts, finds and names their communities and lays them out, once per
graph (cached by `store`, keyed by the graph's content hash); `shown` makes the graph the
view draws from it: the heaviest concepts, the links above a weight, and the sections and
reports unfolded around a focused node.
"""
