"""Trade promotion: sales points, fairs, e-commerce listings, supply capacity, inquiries."""
