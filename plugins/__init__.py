"""The optional modules shipped with Relais, one package per plugin."""
