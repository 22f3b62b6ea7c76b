from relaywarden.cli import app

app()
