"""`make report`: run the notebooks, assemble the book, print the PDF, publish atomically.

Reruns are cheap because every step is keyed on content (`cache_keys`).
"""
