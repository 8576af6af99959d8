namespace Vigie.Domain;
