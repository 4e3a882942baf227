"""The face view on a client's photo: its scene, the landmark steps, the Photo tab."""
