"""The mail kernel: one SMTP gateway that builds and sends a message and classifies failures.

It imports no feature; a feature's e-mail renderer builds an `Email`, the outbox sends it here.
"""
