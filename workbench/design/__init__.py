"""The relationship-model design workshop: models, store, recommendation, checks, playbooks."""
