"""Reads of the prefecture hub. The prefecture side reads only through `prefecture` (decisions R3); the
municipality side through `municipality` (always its own organisation); pages both sides use (council, Q&A
board, positions, schemes) through `shared`."""
