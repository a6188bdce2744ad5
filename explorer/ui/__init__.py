"""The Qt face of Trend Explorer: widgets over `explorer.core`, never the other way round."""
