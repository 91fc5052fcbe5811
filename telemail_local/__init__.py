"""Local stand-ins for Telegram and Google, and the machinery that runs Telemail on a laptop.

Used by the integration tests and by ``scripts/stack``; never deployed.
"""
