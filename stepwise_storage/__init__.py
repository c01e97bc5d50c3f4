"""Stepwise's storage: which database (settings.py), the PostgreSQL starter
(services.py), the audit schema's migrations (migrate.py, migrations/),
retention (purge.py) and the service managers' report (report.py).

Imported by the Rasa server and the action server alike: it never imports
Rasa (quick to import, no TensorFlow)."""
