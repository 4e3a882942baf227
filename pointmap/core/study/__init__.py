"""Study mode below the window: decks, questions and their scoring (a locate answer in cun), FSRS
scheduling (the ``fsrs`` package), progress, exam sheets and Anki decks. No Qt."""
