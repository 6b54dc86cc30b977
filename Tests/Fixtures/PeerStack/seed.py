"""Rows written through the peer stack's ORM before the database is adopted by taxigen.

Usage: DATABASE_URL=postgres://… python seed.py   (after `alembic upgrade head`)
"""
import os
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

import models

url = os.environ["DATABASE_URL"]
for prefix in ("postgres://", "postgresql://"):
    if url.startswith(prefix):
        url = "postgresql+psycopg://" + url[len(prefix):]

engine = create_engine(url)
with Session(engine) as session:
    acme = models.Organization(name="Acme", settings={"plan": "gold"})
    ada = models.User(email="ada@example.com", name="Ada", organizations=[acme])
    bob = models.User(email="bob@example.com", name="Bob")
    books = models.Category(name="books")
    poetry = models.Category(name="poetry", parent_id=None)
    session.add_all([acme, ada, bob, books, poetry])
    session.flush()
    poetry.parent_id = books.id
    lamp = models.Product(sku="LAMP-1", name="Lamp", price=Decimal("19.90"), tags=["home", "light"], status=models.ProductStatus.ACTIVE)
    book = models.Product(sku="BOOK-7", name="Poems", description="A thin book.", price=Decimal("12.00"))
    session.add_all([lamp, book])
    session.flush()
    session.execute(models.product_categories.insert().values(product_id=book.id, category_id=poetry.id))
    customer = models.Customer(organization_id=acme.id, name="Grace", email="grace@example.com", notes="VIP")
    session.add(customer)
    session.flush()
    order = models.Order(customer_id=customer.id, status="paid", total=Decimal("31.90"), placed_at=datetime(2024, 5, 1, 12, 30))
    order.items = [models.OrderItem(product_id=lamp.id, quantity=1, unit_price=Decimal("19.90")),
                   models.OrderItem(product_id=book.id, quantity=1, unit_price=Decimal("12.00"))]
    session.add(order)
    session.flush()
    session.add(models.Invoice(order_id=order.id, number="INV-2024-0001", issued_on=date(2024, 5, 2), amount=Decimal("31.90"), payload={"vat": "19%"}))
    session.add(models.Address(customer_id=customer.id, line1="1 Main St", city="Berlin", postal_code="10115"))
    session.add(models.AuditEvent(actor="ada", action="order.paid", details={"order": order.id}))
    session.add(models.ApiToken(user_id=ada.id, token_hash="x" * 64, expires_at=datetime(2030, 1, 1)))
    session.add(models.Subscription(customer_id=customer.id, billing_period=timedelta(days=30)))
    session.commit()
print("seeded")
