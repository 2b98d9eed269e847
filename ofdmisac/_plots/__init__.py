"""Figure functions, one private module per area; ``ofdmisac.plotting`` re-exports them."""
