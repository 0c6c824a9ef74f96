"""The procès-verbal: data model, PDF rendering, consistency rules, PAdES signing, validation.

Rendering API (Qt-free): ``signing.pv.render.render_pv``, ``signing.pv.render.render``
and ``signing.pv.attestation.render_attestation``; the data they take is in
``signing.pv.model``.
"""
