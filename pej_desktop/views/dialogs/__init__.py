"""Dialogs reached from the menus: settings, first run, backups, personal-data duties, PDF preview."""
