"""ICE Cooperation Atlas: load, validate, import, export and publish the atlas' data package."""
