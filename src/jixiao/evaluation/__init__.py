"""Monitoring (绩效运行监控) and self-evaluation (单位自评) over core objects."""
