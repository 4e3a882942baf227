"""Operations: one function per thing a person does to their own data. Each writes in one
transaction (in core), then announces what changed so the views refresh; widgets never write."""
