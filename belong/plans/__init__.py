"""Action plans built with the community: areas, goals, actions, measures, feedback, progress."""
