"""The headless core: models, rules and services. Never imports Textual."""
