"""planlink loaders: plan documents → extraction → RDF graph → Oxigraph store."""
