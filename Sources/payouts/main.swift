print("payouts: not yet implemented")
