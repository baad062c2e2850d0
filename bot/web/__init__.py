"""The web kernel: the Flask app (app.create_web_app), sessions, CSRF, security headers,
languages, error pages, the rate limit, QR codes, the base template and static files.

It imports no feature; the composition root hands it the features' blueprints.
"""
