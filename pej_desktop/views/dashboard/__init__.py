"""The « Tableau de bord » tab: the adviser's figures, charts and exports."""
