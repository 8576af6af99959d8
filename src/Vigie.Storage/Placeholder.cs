namespace Vigie.Storage;
