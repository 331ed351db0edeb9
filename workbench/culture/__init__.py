"""The culture-analysis workshop: survey exports, scoring, anonymity, waves, drivers, placement."""
