package main

// product is one catalogue entry.
type product struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Price float64 `json:"price"`
	Stock int     `json:"stock"`
}

// catalogue is a small in-memory product list, kept in ID order.
type catalogue []product

func defaultCatalogue() catalogue {
	return catalogue{
		{ID: 1, Name: "Widget", Price: 9.99, Stock: 120},
		{ID: 2, Name: "Gadget", Price: 24.5, Stock: 8},
		{ID: 3, Name: "Doohickey; deluxe", Price: 99, Stock: 0},
	}
}

func (c catalogue) byID(id int64) (product, bool) {
	for _, p := range c {
		if p.ID == id {
			return p, true
		}
	}
	return product{}, false
}
