"""The core: pure Python, no Qt. Four wings (reports, search, graph, notes) and a door,
the Workspace, through which every face of the app goes."""
