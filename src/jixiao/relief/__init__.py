"""The programmes behind the goals: registers of the people helped, standards,
payment rounds, health checks, surveys, and the metrics that turn their records
into indicator actuals. Plain Python; the web stores what this computes."""
