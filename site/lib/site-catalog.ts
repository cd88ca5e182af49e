/** The catalogue, bundled with the build (files on disk are not where the bundle runs). */
import {
  DiseasesFileSchema,
  ItemsFileSchema,
  RegionsFileSchema,
  createCatalog,
  type Catalog,
} from '../../api/domain/catalog.ts';
import diseasesFile from '../../data/catalog/diseases.json';
import itemsFile from '../../data/catalog/items.json';
import regionsFile from '../../data/catalog/regions.json';

export const siteCatalog = (): Catalog =>
  createCatalog({
    regions: RegionsFileSchema.parse(regionsFile),
    diseases: DiseasesFileSchema.parse(diseasesFile),
    items: ItemsFileSchema.parse(itemsFile),
  });
