import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import {
  Actor,
  ConflictError,
  escapeLike,
  ForbiddenError,
  hasPermission,
  NotFoundError,
  Permission,
  ValidationError,
} from '@app/common';
import { CreateUnitDto, ListUnitsQueryDto, UnitListResponse, UnitResponse } from './dto/unit.dto';
import { OrgUnitRepository } from './org-unit.repository';
import { UnitType } from './unit-type';

/** Grants that show the unit tree. A learner grant shows none of it: learners read courses, not the roster. */
const STRUCTURE_READERS = [Permission.Admin, Permission.Organiser, Permission.Agency];
const STRUCTURE_MANAGERS = [Permission.Admin, Permission.Organiser];

/** Units and subtree checks. Every read is limited to the caller's scope subtrees (admin, organiser, agency). */
@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: OrgUnitRepository,
    private readonly audit: AuditService,
  ) {}

  /** A unit the actor may see (inside one of their non-learner scopes); NotFoundError otherwise, so ids don't leak. */
  async getVisibleUnit(actor: Actor, unitId: string): Promise<UnitResponse> {
    const scope = await this.units.firstScopeHolding(readerScopes(actor), unitId);
    const unit = scope ? await this.units.findById(unitId) : null;
    if (!unit) throw new NotFoundError(`unit ${unitId} not found`);
    return unit;
  }

  /** True when the actor holds one of `permissions` over a scope that contains `unitId`. */
  async canActOn(actor: Actor, unitId: string, permissions: Permission[]): Promise<boolean> {
    const scopes = actor.grants.filter((g) => permissions.includes(g.permission)).map((g) => g.scopeUnitId);
    return (await this.units.firstScopeHolding(scopes, unitId)) !== null;
  }

  /**
   * Structural changes to a unit (rename, move, merge, split, close) belong to the level above it: an admin or
   * organiser whose scope lies strictly above the unit, or an admin of the country for the country unit itself.
   * An organiser of a commune manages what is inside the commune, not the commune.
   */
  async canRestructure(actor: Actor, unitId: string): Promise<boolean> {
    const scopes = actor.grants.filter((g) => STRUCTURE_MANAGERS.includes(g.permission)).map((g) => g.scopeUnitId);
    if ((await this.units.firstScopeAbove(scopes, unitId)) !== null) return true;
    const adminOfIt = actor.grants.some((g) => g.permission === Permission.Admin && g.scopeUnitId === unitId);
    return adminOfIt && (await this.units.findById(unitId))?.parentId === null;
  }

  async list(actor: Actor, query: ListUnitsQueryDto): Promise<UnitListResponse> {
    if (query.parentId) await this.getVisibleUnit(actor, query.parentId);
    const scopes = readerScopes(actor);
    if (scopes.length === 0) return { items: [], total: 0 };
    return this.units.listWithin(scopes, {
      parentId: query.parentId,
      q: query.q ? escapeLike(query.q) : undefined,
      limit: query.limit,
      offset: query.offset,
    });
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitResponse> {
    if (!hasPermission(actor, Permission.Admin, Permission.Organiser)) {
      throw new ForbiddenError('only administrators and organisers create units');
    }
    if (dto.type === UnitType.Country) throw new ValidationError('type: there is only one country unit');
    await this.getVisibleUnit(actor, dto.parentId);
    if (!(await this.canActOn(actor, dto.parentId, [Permission.Admin, Permission.Organiser]))) {
      throw new ForbiddenError('the parent unit is outside your scope');
    }
    if (await this.units.findByCode(dto.code)) throw unitCodeTaken('code', dto.code);
    return this.db.transaction(async (m) => {
      const unit = await this.units.insert(m, dto);
      await this.audit.record(
        {
          action: 'unit.create',
          entity: 'org_unit',
          entityId: unit.id,
          details: { code: unit.code, parentId: unit.parentId },
        },
        { actor },
        m,
      );
      return unit;
    });
  }

  /** For the first admin and the seeders: the root of every scope. */
  async getRoot(): Promise<UnitResponse> {
    const root = await this.units.findByCode('VN');
    if (!root) throw new NotFoundError('the country unit is missing: run the migrations');
    return root;
  }

  findByIds(ids: string[]): Promise<UnitResponse[]> {
    return this.units.findManyByIds(ids);
  }

  isWithin(ancestorId: string, descendantId: string): Promise<boolean> {
    return this.units.isWithin(ancestorId, descendantId);
  }
}

const readerScopes = (actor: Actor): string[] =>
  actor.grants.filter((g) => STRUCTURE_READERS.includes(g.permission)).map((g) => g.scopeUnitId);

/**
 * Unit codes are unique in the whole country (the roster importer finds units by code), so a taken code cannot be
 * accepted. The answer is the same whether the holder lies inside the caller's scope or not, and names neither the
 * holder nor where it is: "not available", as for any taken name.
 */
export function unitCodeTaken(field: string, code: string): ConflictError {
  return new ConflictError(`code ${code} is not available: choose another code`, [{ field, reason: 'not available' }]);
}
