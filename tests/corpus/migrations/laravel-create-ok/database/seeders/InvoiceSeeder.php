<?php

class InvoiceSeeder extends Seeder
{
    public function run(): void
    {
    }
}
