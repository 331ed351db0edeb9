"""The stakeholder-mapping workshop: register, grid, salience, network, map, editor."""
