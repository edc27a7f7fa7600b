"""Commands of the ``kaoping`` CLI that live beside the code they drive."""
