"""The sections of the "Inside the network" page."""
