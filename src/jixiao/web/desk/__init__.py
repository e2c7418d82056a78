"""The finance desk (财政审核台): the units and projects of a finance reviewer's area at a glance."""
