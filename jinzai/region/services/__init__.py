"""Writes of the prefecture hub, one module per area. Every write is keyword-only, atomic and audited;
services acting across the boundary check the permission, then the scope explicitly (decisions R3)."""
